from django.contrib import admin
from django.urls import include, path

from . import api, views
from .throttle import throttled

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", throttled("search")(views.search_page), name="search"),
    path("search/export.csv", throttled("search")(views.search_export_csv), name="search_export_csv"),
    path("search/export.json", throttled("search")(views.search_export_json), name="search_export_json"),
    path("principles/", views.principle_list, name="principle_list"),
    path("principles/<slug:slug>/", views.principle_detail, name="principle_detail"),
    path("authors/", views.author_list, name="author_list"),
    path("authors/<slug:slug>/", views.author_detail, name="author_detail"),
    path("reforms/", views.reform_list, name="reform_list"),
    path("reforms/<slug:slug>/", views.reform_detail, name="reform_detail"),
    path("sources/<slug:slug>/", views.source_detail, name="source_detail"),
    path("passages/<int:pk>/", views.passage_detail, name="passage_detail"),
    path("api/search/", throttled("api")(api.search_api), name="api_search"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
