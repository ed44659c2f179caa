# nbgrader settings for the aitrain course; the same ones `aitrain release` and the tests use.
from aitrain.base.nbgrader_stages import configure

c = get_config()  # noqa: F821 - provided by nbgrader when it reads this file
configure(c)
