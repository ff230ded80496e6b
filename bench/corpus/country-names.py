#!/usr/bin/env python3
"""Fills bench_meta.country_name (bench/corpus/postgraphile.sql) with the country names our service
gives in each of the languages named, so that PostGraphile answers the localised operations with
the same names. Our service takes them from CLDR at request time; PostGraphile can only read them
from the database.

    country-names.py GRAPHQL_URL PSQL_URL en,ur
"""
import json
import subprocess
import sys
import urllib.request

QUERY = """query CountryNames($lang: String!, $after: String) {
  countries(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { code name(lang: $lang) } }
}"""


def names(url, lang):
    after = None
    while True:
        body = json.dumps({"query": QUERY, "variables": {"lang": lang, "after": after}}).encode()
        request = urllib.request.Request(url, body, {"Content-Type": "application/json", "Accept": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.load(response)
        if answer.get("errors"):
            raise SystemExit(f"country names in {lang}: {answer['errors']}")
        page = answer["data"]["countries"]
        for country in page["nodes"]:
            yield country["code"], country["name"]
        if not page["pageInfo"]["hasNextPage"]:
            return
        after = page["pageInfo"]["endCursor"]


def main():
    url, db_url, langs = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
    rows = [{"lang": lang, "alpha2": code, "name": name} for lang in langs for code, name in names(url, lang)]
    sql = ("\\set ON_ERROR_STOP on\nbegin;\ndelete from bench_meta.country_name;\n"
           "insert into bench_meta.country_name (lang, alpha2, name)\n"
           "  select lang, alpha2, name from json_to_recordset(:'rows') as r(lang text, alpha2 text, name text)\n"
           "  where name is not null;\n"
           "commit;\n")
    subprocess.run(["psql", db_url, "-X", "-q", "-v", "rows=" + json.dumps(rows, ensure_ascii=False)],
                   input=sql, text=True, check=True)
    print(f"{len(rows)} country names in {', '.join(langs)}")


if __name__ == "__main__":
    main()
