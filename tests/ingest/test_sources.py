"""Sources: folders with globs, JSONL articles, feeds and pages over a mock HTTP transport."""
from __future__ import annotations

import json
from datetime import date

import httpx

from dragoman.ingest.feeds import looks_like_feed, parse_feed
from dragoman.ingest.fetch import Fetcher, url_doc_id
from dragoman.ingest.sources import iter_articles
from dragoman.pipeline import ArticleResult
from dragoman.types import Article

PAGE = ("<html><head><title>Talks in Doha</title><meta property='og:site_name' content='Gulf Ledger'>"
        "<meta name='date' content='2023-10-14'></head><body><article><h1>Talks in Doha</h1>"
        + "<p>Iran's foreign minister met Hamas leader Ismail Haniyeh in Doha on Saturday, state "
          "media reported, in the first such meeting since the war began.</p>" * 3
        + "</article></body></html>")
RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Levant Wire</title>
<item><title>One</title><link>https://news.example/one.html</link>
<pubDate>Sat, 14 Oct 2023 10:00:00 GMT</pubDate></item>
<item><title>Gone</title><link>https://news.example/gone.html</link></item>
</channel></rss>"""


def mock_fetcher(routes: dict[str, tuple[int, str, str]]) -> Fetcher:
    def handler(request: httpx.Request) -> httpx.Response:
        status, ctype, body = routes.get(str(request.url), (404, "text/plain", "not found"))
        return httpx.Response(status, headers={"content-type": ctype}, text=body)
    return Fetcher(httpx.Client(transport=httpx.MockTransport(handler)))


def split(items) -> tuple[list[Article], list[ArticleResult]]:
    items = list(items)
    return ([i for i in items if isinstance(i, Article)],
            [i for i in items if isinstance(i, ArticleResult)])


def test_folder_is_read_recursively_with_glob(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("date 2023-10-12\nBlinken met Netanyahu.")
    (tmp_path / "sub" / "b.md").write_text("Egypt met Qatar.")
    (tmp_path / "sub" / "c.csv").write_text("not,an,article")
    articles, failures = split(iter_articles([tmp_path]))
    assert [a.doc_id for a in articles] == ["a", "b"] and not failures
    assert articles[0].published == date(2023, 10, 12)
    only_md, _ = split(iter_articles([tmp_path], glob="*.md"))
    assert [a.doc_id for a in only_md] == ["b"]


def test_bad_files_become_failures_naming_input_and_reason(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "latin.txt").write_bytes("caf\xe9".encode("latin-1"))
    articles, failures = split(iter_articles([tmp_path, tmp_path / "missing.txt"]))
    assert not articles
    reasons = {f.article.doc_id: (f.stage, f.error_type) for f in failures}
    assert reasons == {"bin": ("read", "BinaryInputError"), "empty": ("read", "EmptyInputError"),
                       "latin": ("read", "DecodeError"), "missing": ("read", "InputError")}
    assert all(f.message and f.article.origin for f in failures)


def test_jsonl_articles_with_metadata_and_bad_lines(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join([
        json.dumps({"text": "Egypt met Qatar.", "url": "https://x.example/1", "outlet": "Ahram",
                    "title": "Talks", "published": "2023-11-01T08:00:00Z", "doc_id": "eg-1"}),
        json.dumps({"text": "Iran accused Israel."}),
        "{not json", json.dumps({"title": "no text"}), json.dumps(["a", "list"]), ""]))
    articles, failures = split(iter_articles([path]))
    assert [(a.doc_id, a.outlet, a.published) for a in articles] == [
        ("eg-1", "Ahram", date(2023, 11, 1)), ("feed-2", None, None)]
    assert [f.article.origin for f in failures] == [f"{path}:3", f"{path}:4", f"{path}:5"]


def test_url_page_becomes_an_article_with_metadata():
    fetcher = mock_fetcher({"https://news.example/doha.html": (200, "text/html", PAGE)})
    articles, failures = split(iter_articles(["https://news.example/doha.html"], fetcher=fetcher))
    assert not failures
    (article,) = articles
    assert article.doc_id == "doha" and "Haniyeh" in article.text
    assert article.url == "https://news.example/doha.html"


def test_feed_entries_are_fetched_and_a_dead_link_is_one_failure():
    fetcher = mock_fetcher({"https://news.example/rss": (200, "application/rss+xml", RSS),
                            "https://news.example/one.html": (200, "text/html", PAGE)})
    articles, failures = split(iter_articles(["https://news.example/rss"], fetcher=fetcher))
    (article,) = articles
    assert (article.outlet, article.title, article.published) == ("Levant Wire", "One",
                                                                  date(2023, 10, 14))
    (failure,) = failures
    assert failure.stage == "fetch" and failure.error_type == "FetchError"
    assert "404" in failure.message and failure.article.origin == "https://news.example/gone.html"


def test_fetch_refuses_oversized_bodies_and_connection_errors():
    def handler(request: httpx.Request) -> httpx.Response:
        if "down" in str(request.url):
            raise httpx.ConnectError("connection refused", request=request)
        return httpx.Response(200, text="x" * 5000)
    fetcher = Fetcher(httpx.Client(transport=httpx.MockTransport(handler)), max_bytes=1000)
    _, failures = split(iter_articles(["https://big.example/a", "https://down.example/b"],
                                      fetcher=fetcher))
    assert [f.error_type for f in failures] == ["TooLargeError", "FetchError"]


def test_feed_detection_and_parsing():
    assert looks_like_feed(RSS.encode()) and not looks_like_feed(PAGE.encode())
    assert looks_like_feed(b"{}", "application/atom+xml")
    assert [e.link for e in parse_feed(RSS.encode(), "rss")][0] == "https://news.example/one.html"
    assert url_doc_id("https://news.example/2023/10/talks-in-doha.html") == "talks-in-doha"
    assert url_doc_id("https://news.example/") == "news.example"


OWN_TEXT_RSS = """<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Gulf Ledger</title>
<item><title>Talks in Doha</title><link>https://news.example/full.html</link>
<pubDate>Sat, 14 Oct 2023 10:00:00 GMT</pubDate>
<description>Teaser only.</description>
<content:encoded><![CDATA[<p>Iran's foreign minister met Ismail Haniyeh in Doha.</p>
<p>They spoke for two hours.</p>]]></content:encoded></item>
<item><title>Cairo visit</title><link>https://news.example/teaser.html</link>
<description>&lt;p&gt;Egypt's foreign minister received Qatar's prime minister in Cairo.&lt;/p&gt;</description></item>
<item><title>Bare link</title><link>https://news.example/bare.html</link></item>
</channel></rss>"""


def recording_fetcher(pages: dict[str, str]) -> tuple[Fetcher, list[str]]:
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        body = pages.get(str(request.url))
        return httpx.Response(200 if body else 404, headers={"content-type": "text/html"}, text=body or "")
    return Fetcher(httpx.Client(transport=httpx.MockTransport(handler))), asked


def test_a_local_feed_uses_each_items_own_text_and_fetches_only_items_without_it(tmp_path):
    feed = tmp_path / "ledger.rss"
    feed.write_text(OWN_TEXT_RSS, encoding="utf-8")
    fetcher, asked = recording_fetcher({"https://news.example/bare.html": PAGE})
    articles, failures = split(iter_articles([feed], fetcher=fetcher))
    assert asked == ["https://news.example/bare.html"] and not failures
    full, teaser, bare = articles
    assert full.text == ("Talks in Doha\n\nIran's foreign minister met Ismail Haniyeh in Doha.\n\n"
                         "They spoke for two hours.")  # content:encoded wins over the description
    assert (full.url, full.outlet, full.published) == ("https://news.example/full.html", "Gulf Ledger",
                                                       date(2023, 10, 14))
    assert teaser.text == "Cairo visit\n\nEgypt's foreign minister received Qatar's prime minister in Cairo."
    assert "Haniyeh" in bare.text and bare.title == "Bare link"


def test_an_online_feed_fetches_pages_unless_the_item_carries_its_full_text():
    fetcher, asked = recording_fetcher({"https://news.example/rss": OWN_TEXT_RSS,
                                        "https://news.example/teaser.html": PAGE,
                                        "https://news.example/bare.html": PAGE})
    articles, failures = split(iter_articles(["https://news.example/rss"], fetcher=fetcher))
    assert asked == ["https://news.example/rss", "https://news.example/teaser.html",
                     "https://news.example/bare.html"]
    assert len(articles) == 3 and not failures
    assert articles[0].text.endswith("They spoke for two hours.")
