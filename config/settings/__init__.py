"""Settings package: base holds what every environment shares; dev, test and production
override it. Choose one with DJANGO_SETTINGS_MODULE (manage.py defaults to dev)."""
