"""NATO in the Clingendael note: an example multilat content plugin.

Data only: multilat reads every data/*.toml file of this package.
"""
