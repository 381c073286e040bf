from django.contrib import admin
from django.urls import include, path, register_converter

from . import api, views


class CiteFormat:
    regex = "|".join(views.CITE_FORMATS)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(CiteFormat, "cite_format")

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_page, name="search"),
    path("search/export.csv", views.search_export_csv, name="search_export_csv"),
    path("search/export.json", views.search_export_json, name="search_export_json"),
    path("principles/", views.principle_list, name="principle_list"),
    path("principles/<slug:slug>/", views.principle_detail, name="principle_detail"),
    path("authors/", views.author_list, name="author_list"),
    path("authors/<slug:slug>/", views.author_detail, name="author_detail"),
    path("reforms/", views.reform_list, name="reform_list"),
    path("reforms/<slug:slug>/", views.reform_detail, name="reform_detail"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/<slug:slug>/", views.source_detail, name="source_detail"),
    path("sources/<slug:slug>/cite.<cite_format:file_format>", views.source_cite, name="source_cite"),
    path("passages/<int:pk>/", views.passage_detail, name="passage_detail"),
    path("passages/<int:pk>/cite.<cite_format:file_format>", views.passage_cite, name="passage_cite"),
    path("api/search/", api.search_api, name="api_search"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
