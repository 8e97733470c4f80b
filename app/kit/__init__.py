"""The Qt-free kit every area uses: user errors, dates, field specs, the area registry, reminders.

Nothing here imports the models, the services, the reports or the UI; every layer may import the kit.
"""
