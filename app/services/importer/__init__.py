"""Importing the branch's existing spreadsheets: find the table, match its columns, parse the values as
people type them, preview every row with its problems, write all accepted rows in one transaction, report
the rest, and undo a whole import.

The machinery is the same for every kind of import; an area declares an `ImportKind` (its fields with
their aliases, and how an accepted row is written) and lists it in its registry entry (Area.imports).
"""
