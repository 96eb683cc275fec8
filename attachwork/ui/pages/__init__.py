"""One module per notebook: each builds its page from the forms and widgets in ``ui`` and
offers ``workbook()``, the notebook's one line."""
