"""Where the vendor's list answers keep their records and their paging facts: dotted paths
into the answer, by pagination style (each paginator reads its own). None: the answer does
not say, and the paginator goes by what it asked for, or ends on a short page. Then the
query parameters each style's requests send.

These are the bundled sandbox's names; a project generated from the vendor's spec
(`integration-template new --vendor-spec`) has the names its spec declares here.
"""

# cursor: the records, whether more pages follow (None: while the answer gives a next
# cursor), and the next page's cursor.
CURSOR_RECORDS = "data"
CURSOR_HAS_MORE: str | None = "has_more"
CURSOR_NEXT = "next_cursor"
# page_number: the records ("": the answer is the array itself), the page's number and
# how many pages there are.
PAGE_RECORDS = "results"
PAGE_NUMBER: str | None = "page"
PAGE_COUNT: str | None = "total_pages"
# offset: the records, the offset of the first one and how many there are in all.
OFFSET_RECORDS = "items"
OFFSET_START: str | None = "offset"
OFFSET_TOTAL: str | None = "total"

# The query parameters each style's requests send (the list operation's own, from the
# spec; a page size None: the vendor takes none, the request sends none and the vendor
# sizes its pages).
CURSOR_LIMIT_PARAM: str | None = "limit"
CURSOR_AFTER_PARAM = "starting_after"
PAGE_PARAM = "page"
PAGE_SIZE_PARAM: str | None = "per_page"
OFFSET_PARAM = "offset"
OFFSET_LIMIT_PARAM: str | None = "limit"
LINK_PAGE_SIZE_PARAM: str | None = "per_page"
