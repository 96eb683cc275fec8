# JupyterHub's configuration for an attachwork practice server (`attachwork hub serve`).
# Everything comes from the practice folder's hub.toml; edit that, not this file.
from attachwork.app.hub.config import configure, current_settings

configure(c, current_settings())  # type: ignore[name-defined]  # noqa: F821
