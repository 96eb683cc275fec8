"""attachwork: interactive workbooks for therapy work on anxious attachment.

The package is layered so that dependencies point one way:
``ui -> charts -> domain`` and ``ui -> store -> domain``. Domain modules
(``config``, ``content``, ``instruments``, ``records``, ``validation``, ``textsafe``)
import neither ipywidgets, plotly nor SQLAlchemy.
"""

__version__ = "0.1.0"
