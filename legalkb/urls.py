from django.contrib import admin
from django.urls import include, path

from . import accounts, api, feeds, views
from .kinds import TAXONOMY

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_page, name="search"),
    path("search/help/", views.search_help, name="search_help"),
    path("search/export.csv", views.search_export_csv, name="search_export_csv"),
    path("search/export.json", views.search_export_json, name="search_export_json"),
    path("search/export.bib", views.search_export_bibtex, name="search_export_bibtex"),
    path("search/export.ris", views.search_export_ris, name="search_export_ris"),
    path("search/feed.atom", feeds.SearchFeed(), name="search_feed"),
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
            path(
                f"{kind.plural}/<slug:slug>/feed.atom",
                feeds.EntryFeed(),
                {"kind": kind.name},
                name=f"{kind.name}_feed",
            ),
        )
    ),
    path("acts/", views.act_list, name="act_list"),
    path("acts/<slug:slug>/", views.act_detail, name="act_detail"),
    path("acts/<slug:slug>/feed.atom", feeds.ActFeed(), name="act_feed"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/feed.atom", feeds.SourcesFeed(), name="source_feed"),
    path("sources/<slug:slug>/", views.source_detail, name="source_detail"),
    path("sources/<slug:slug>/cite.<str:file_format>", views.source_cite, name="source_cite"),
    path("sources/<slug:slug>/file", views.source_file, name="source_file"),
    path("passages/<int:pk>/", views.passage_detail, name="passage_detail"),
    path("passages/<int:pk>/cite.<str:file_format>", views.passage_cite, name="passage_cite"),
    path("api/search/", api.search_api, name="api_search"),
    path("api/passages/<int:pk>/", api.passage_api, name="api_passage"),
    path("api/sources/<slug:slug>/", api.source_api, name="api_source"),
    path("account/", accounts.account, name="account"),
    path("account/signup/", accounts.signup, name="signup"),
    path("account/signup/done/", accounts.signup_done, name="signup_done"),
    path("account/confirm/<str:token>/", accounts.confirm, name="confirm"),
    path("account/login/", accounts.login, name="login"),
    path("account/logout/", accounts.logout_view, name="logout"),
    path("account/password/", accounts.password_reset, name="password_reset"),
    path("account/password/sent/", accounts.password_reset_done, name="password_reset_done"),
    path(
        "account/password/<uidb64>/<token>/", accounts.password_reset_confirm, name="password_reset_confirm"
    ),
    path("account/password/done/", accounts.password_reset_complete, name="password_reset_complete"),
    path("account/searches/", accounts.save_search, name="save_search"),
    path("account/searches/<int:pk>/", accounts.change_search, name="change_search"),
    path("account/delete/", accounts.delete_account, name="delete_account"),
    path("account/unsubscribe/<str:token>/", accounts.unsubscribe, name="unsubscribe"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = api.bad_request
handler404 = api.not_found
handler500 = api.server_error
