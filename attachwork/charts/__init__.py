"""Plotly figure builders: records in, ``go.Figure`` out. No widgets here."""

from attachwork.charts.palette import OKABE_ITO
from attachwork.charts.plane import PlanePoint, plane_figure, plane_summary

__all__ = ["OKABE_ITO", "PlanePoint", "plane_figure", "plane_summary"]
