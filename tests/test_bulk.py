"""The bulk export: JSON Lines of what the public site shows, with a manifest that checks."""

import hashlib
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from legalkb.bulk import export_bulk
from legalkb.models import ActCitation, Passage, PrincipleLink, Source, TaxonomyLink

pytestmark = pytest.mark.django_db

FILES = {"sources.jsonl", "passages.jsonl", "taxonomy.jsonl", "acts.jsonl"}


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def records(folder, name):
    return [json.loads(line) for line in (folder / name).read_text(encoding="utf-8").splitlines()]


def test_the_manifest_counts_sizes_and_checksums_every_file(corpus, tmp_path):
    manifest = export_bulk(tmp_path)

    assert set(manifest["files"]) == FILES
    assert json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8")) == manifest
    for name, written in manifest["files"].items():
        data = (tmp_path / name).read_bytes()
        assert written == {"records": data.count(b"\n"), "bytes": len(data), "sha256": sha256(data)}
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(FILES | {"manifest.json"})


def test_every_public_passage_with_its_links_and_acts(corpus, tmp_path):
    export_bulk(tmp_path)

    passages = {record["id"]: record for record in records(tmp_path, "passages.jsonl")}
    assert set(passages) == set(Passage.objects.public().values_list("pk", flat=True))
    link = PrincipleLink.objects.active().select_related("principle").first()
    assert link.principle.slug in passages[link.passage_id]["principles"]
    citation = ActCitation.objects.filter(article="1").select_related("act").get()
    assert {"act": citation.act.slug, "article": "1"} in passages[citation.passage_id]["acts"]
    assert passages[citation.passage_id]["source"] == corpus.article.slug


def test_withdrawn_sources_passages_and_rejected_links_stay_out(corpus, tmp_path):
    Source.objects.filter(pk=corpus.abstract.pk).update(withdrawn=True)
    rejected = PrincipleLink.objects.filter(passage__source=corpus.article).first()
    rejected.status = TaxonomyLink.Status.REJECTED
    rejected.save()

    export_bulk(tmp_path)

    (source,) = records(tmp_path, "sources.jsonl")
    assert source["slug"] == corpus.article.slug
    assert source["url"] == settings.SITE_URL + corpus.article.get_absolute_url()
    passages = {record["id"]: record for record in records(tmp_path, "passages.jsonl")}
    assert {Passage.objects.get(pk=pk).source_id for pk in passages} == {corpus.article.pk}
    assert rejected.principle.slug not in passages[rejected.passage_id]["principles"]


def test_the_taxonomy_and_the_cited_acts(corpus, tmp_path):
    export_bulk(tmp_path)

    taxonomy = records(tmp_path, "taxonomy.jsonl")
    assert len(taxonomy) == 27  # 15 principles, 6 authors and 6 reforms
    child = next(record for record in taxonomy if record["slug"] == "positive-responsibility")
    assert child["parent"] == "legal-responsibility"
    acts = {record["slug"]: record for record in records(tmp_path, "acts.jsonl")}
    constitution = acts["constitution"]
    assert constitution["official_url"]["kk"].endswith("/kaz/docs/K950001000_")
    assert constitution["labels"]["ru"] == "Конституция Республики Казахстан"


def test_the_command_refuses_a_file_for_a_folder(corpus, tmp_path):
    (tmp_path / "file").write_text("")

    with pytest.raises(CommandError, match="is a file"):
        call_command("export_bulk", output=tmp_path / "file")


def test_a_sources_references_and_how_often_it_is_cited(corpus, tmp_path):
    from legalkb import works
    from legalkb.models import Creator, Reference

    Creator.objects.create(source=corpus.article, family_name="Сәрсенов")
    entry = "Сәрсенов Б. Мемлекеттің заңды жауапкершілігі."
    Reference.objects.create(source=corpus.abstract, position=1, text=entry)
    works.match(Reference.objects.all())

    export_bulk(tmp_path)

    sources = {record["slug"]: record for record in records(tmp_path, "sources.jsonl")}
    assert sources[corpus.abstract.slug]["references"][0]["cites"] == corpus.article.slug
    assert (sources[corpus.article.slug]["cited_by"], sources[corpus.abstract.slug]["cited_by"]) == (1, 0)
