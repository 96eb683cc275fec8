"""The practice server: JupyterHub with configurable-http-proxy on PostgreSQL.

``attachwork hub init`` writes a practice folder (``hub.toml`` and its secrets), ``attachwork
hub serve`` runs JupyterHub from it, ``attachwork hub check`` says what is missing, and the
account commands are the administrator's. A therapist's server opens the clinic on their
caseload and a client's opens home mode on their own profile; each server is our Voila behind
the hub's login and connects to PostgreSQL as its account's own role.

=================  ===============================================================
``settings``       the practice folder: ``hub.toml`` read and written, its secrets
``auth``           logins checked against the accounts, failures slowed down
``spawner``        a server per account: its mode and its own database role
``singleuser``     what a server runs: Voila behind the hub's OAuth, nothing else
``kernel_guard``   a page's kernel takes widget messages only, never code
``config``         the JupyterHub configuration built from the practice folder
``check``          what a practice server still needs
``tls``            a self-signed certificate for a practice's own network
=================  ===============================================================
"""
