from __future__ import annotations

import pytest

from phonehome.attribution import Attributor


@pytest.fixture(scope="session")
def attributor(tmp_path_factory: pytest.TempPathFactory) -> Attributor:
    """Bundled data only: an empty user data directory."""
    return Attributor.load(tmp_path_factory.mktemp("userdata"))
