def sessions():
    return []
