"""The outside of the package: the command line, the server that serves the workbooks, the
fictional demo data and the content check. Nothing below imports from here."""
