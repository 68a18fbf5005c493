"""The public search page under random queries, operators, filters and page numbers: never a 500."""

from __future__ import annotations

from urllib.parse import urlencode

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.test_url_parameters import values

query_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            '"医保 报销"',
            '"未闭合',
            "医保 OR",
            "AND",
            "NOT 志愿者",
            "社工^3",
            "*",
            "?",
            "((",
            "OR OR",
            "ｖｏｌｕｎｔｅｅｒ",
            "医保\x00",
            " ",
            "a" * 200,
        ]
    ),
)


def test_search_page_answers_every_query(client, home_page):
    @given(query_text, st.dictionaries(st.sampled_from(["type", "page"]), values, max_size=2))
    def run(query: str, extra: dict) -> None:
        response = client.get(f"/search/?{urlencode({'q': query, **extra})}")
        assert response.status_code < 500

    run()
