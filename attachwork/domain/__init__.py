"""What the workbooks know, in plain Python: the records and their rules, check-in scoring,
review figures, the readers of free text (risk screen, request coach, thinking traps), how two
copies of a record merge. No UI, no database, no plotting library is imported here."""
