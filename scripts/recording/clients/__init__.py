"""Client programs run under the recording venv, one per SDK/session; each reads a plan JSON file."""
