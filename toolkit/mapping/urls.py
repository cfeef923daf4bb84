from django.urls import path

from . import file_views, views

app_name = "mapping"

urlpatterns = [
    path("", views.index, name="index"),
    path("files/", file_views.map_files, name="files"),
    path("files/<str:file_name>", file_views.map_file, name="file"),
    path(
        "rounds/<uuid:round_id>/files/<str:file_name>",
        file_views.round_map_file,
        name="round-file",
    ),
    path(
        "rounds/<uuid:round_id>/relationships/",
        views.round_relationships,
        name="round-relationships",
    ),
    path("rounds/<uuid:round_id>/map/", views.results_map, name="map"),
    path("rounds/<uuid:round_id>/perspectives/", views.results_perspectives, name="perspectives"),
    path("rounds/<uuid:round_id>/spatial/", views.results_spatial, name="spatial"),
    path("rounds/<uuid:round_id>/network/", views.results_network, name="network"),
    path("rounds/<uuid:round_id>/compare/", views.results_compare, name="compare"),
    path("rounds/<uuid:round_id>/comments/", views.results_comments, name="comments"),
]
