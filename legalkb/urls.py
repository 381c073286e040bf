from django.contrib import admin
from django.urls import include, path

from . import api, views
from .models import TAXONOMY

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_page, name="search"),
    path("search/help/", views.search_help, name="search_help"),
    path("search/export.csv", views.search_export_csv, name="search_export_csv"),
    path("search/export.json", views.search_export_json, name="search_export_json"),
    path("search/export.bib", views.search_export_bibtex, name="search_export_bibtex"),
    path("search/export.ris", views.search_export_ris, name="search_export_ris"),
    *(
        pattern
        for kind in TAXONOMY
        for pattern in (
            path(f"{kind.plural}/", views.entry_list, {"kind": kind.name}, name=f"{kind.name}_list"),
            path(
                f"{kind.plural}/<slug:slug>/",
                views.entry_detail,
                {"kind": kind.name},
                name=f"{kind.name}_detail",
            ),
        )
    ),
    path("sources/", views.source_list, name="source_list"),
    path("sources/<slug:slug>/", views.source_detail, name="source_detail"),
    path("sources/<slug:slug>/cite.<str:file_format>", views.source_cite, name="source_cite"),
    path("passages/<int:pk>/", views.passage_detail, name="passage_detail"),
    path("passages/<int:pk>/cite.<str:file_format>", views.passage_cite, name="passage_cite"),
    path("api/search/", api.search_api, name="api_search"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = api.bad_request
handler404 = api.not_found
handler500 = api.server_error
