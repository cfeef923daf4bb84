from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "toolkit.places"
    label = "places"
