"""Figure builders: records in, figures out. No widgets here.

The plotly builders are imported on first use, so a workbook that only needs the cycle
map drawing (plain SVG) does not pay for plotly at start-up.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["OKABE_ITO", "PlanePoint", "plane_figure", "plane_summary"]
_WHERE = {"OKABE_ITO": "palette", "PlanePoint": "plane", "plane_figure": "plane",
          "plane_summary": "plane"}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"attachwork.charts.{_WHERE[name]}"), name)
    raise AttributeError(name)
