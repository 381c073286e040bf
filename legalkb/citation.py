"""A passage's reference in the style of GOST R 7.0.5 (Kazakh and Russian academic writing)."""

SITE_NAME = "legalkb"


def gost_citation(title, position, url, accessed, year=None, container=SITE_NAME):
    """«Title» // Container. — Year. — § position. — URL: url (дата обращения: DD.MM.YYYY).

    The year area is left out when the year is unknown."""
    areas = [f"«{title}» // {container}"]
    if year:
        areas.append(str(year))
    areas.append(f"§ {position}")
    areas.append(f"URL: {url} (дата обращения: {accessed:%d.%m.%Y})")
    return ". — ".join(areas) + "."
