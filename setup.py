"""Only what pyproject.toml cannot say: ship ``workbooks/`` inside the package.

The notebooks stay in ``workbooks/`` in a source checkout (``voila workbooks/``, nbval) and
are installed as ``attachwork/notebooks/``, where ``attachwork serve`` finds them in a wheel.
Everything else is in pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[*find_namespace_packages(include=["attachwork*"]), "attachwork.notebooks"],
    package_dir={"attachwork.notebooks": "workbooks"},
)
