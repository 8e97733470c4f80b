"""The Qt desktop interface (the only layer that imports PySide6).

Pages — the convention every area's navigation page follows
------------------------------------------------------------
* A page is a QWidget built as ``Page(db)``: it receives the open ``app.models.database.Database`` (the
  services it calls take sessions of it), never the main window. It builds itself and shows current data
  in its constructor; it reads with ``with db.session() as s:`` and writes one user action per
  ``with db.transaction() as s:``, through the services (the page owns no rule and no query logic).
* Optional members the owner (the main window) looks for, by name:

  ``refresh()``
      reload what the page shows; called after another page wrote data.
  ``dataChanged`` (Signal())
      emitted after this page wrote data, so the other built pages refresh (``membersChanged`` of the
      roster page is treated the same).
  ``releaseDatabase`` (Signal())
      emitted when the page needs every connection to the data folder closed (before a restore swaps
      its files); the owner disposes the database while handling it, before emit() returns.
  ``databaseReplaced`` (Signal())
      the data folder now holds other data; the owner opens it again and builds every page anew on it.

* The main window owns the database's lifetime: it opens it (app.ui.application), hands it to pages,
  and is the only one that disposes it. A page never calls ``db.dispose()``.

Shared pieces for pages and dialogs
-----------------------------------
* ``app.ui.messages`` — Chinese message boxes and confirmations (tests replace them).
* ``app.ui.tasks`` — ``run_task`` / ``start_task``: any job that may take over a second (exports,
  backups, restore, import, binder) runs off the GUI thread with a progress dialog, 取消 where the job
  allows it, and errors shown as Chinese messages.
* ``app.ui.widgets.record_form`` — ``RecordForm(fields, columns=...)``: an entry form built from
  ``FormField`` specs (grouped boxes, one widget per field kind, ``values()`` / ``set_values(dict)``, Tab
  order, ``show_error(field_key, message)``); ``RecordDialog(title, fields, save)`` wraps it with 保存 /
  取消 and shows the UserError that ``save(values)`` raises beside its field.
* ``app.ui.widgets.row_table_model`` / ``row_filter_proxy`` / ``column_chooser`` — a list page's table:
  rows and column specs in, search-as-you-type and filters, and 列… to choose the shown columns.
"""
