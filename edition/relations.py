"""Relations between register entries (tei/register/relations.xml): placeholder, filled below."""


def check(ed) -> list:
    return []
