"""Colours that stay distinct for the common kinds of colour blindness (Okabe & Ito), and
the one rule for client words inside a figure.

Every colour a line or a marker is drawn in has at least 3:1 against the white plot: Okabe
and Ito's orange, sky blue and yellow (2.25, 2.31 and 1.32 to 1) are darkened to the same hues
(orange well darker than vermillion, so the two still differ in lightness)."""

import html

OKABE_ITO = {
    "orange": "#8F5A00",  # Okabe-Ito #E69F00, darkened: 5.8:1 on white
    "sky": "#3A88C0",  # #56B4E9, darkened: 3.8:1
    "green": "#009E73",
    "yellow": "#857A00",  # #F0E442, darkened: 4.4:1
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}

#: Soft fills for the four regions of the attachment plane.
REGION_FILLS = {
    "secure": "rgba(0, 158, 115, 0.10)",
    "preoccupied": "rgba(230, 159, 0, 0.12)",
    "dismissive": "rgba(86, 180, 233, 0.12)",
    "fearful": "rgba(204, 121, 167, 0.12)",
}

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

#: Trigger kinds: a colour each, and a marker symbol and bar pattern so colour is never
#: the only thing telling them apart.
KIND_COLOURS = {
    "distance": OKABE_ITO["orange"],
    "conflict": OKABE_ITO["vermillion"],
    "stress": OKABE_ITO["blue"],
    "other": OKABE_ITO["purple"],
}
KIND_SYMBOLS = {
    "distance": ("circle", ""),
    "conflict": ("diamond", "/"),
    "stress": ("square", "."),
    "other": ("triangle-up", "x"),
}


def plot_text(text: str) -> str:
    """Client words for a figure's names, titles and labels. Plotly reads a little HTML in
    those (``<b>``, ``<a href>``, ``<br>``), so the words are escaped and shown as typed."""
    return html.escape(str(text), quote=False)
