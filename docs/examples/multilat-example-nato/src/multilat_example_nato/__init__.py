"""NATO in the Clingendael note: an example multilat content plugin."""

import multilat
from multilat.data import load_package_data


@multilat.hookimpl
def multilat_knowledge():
    """Everything in data/*.toml."""
    return load_package_data(__package__)
