"""What OWSLib, a client no one here wrote, reads from Markkartan's OGC API – Features.

Usage: owslib_client.py BASE_URL COLLECTION PAGE_SIZE

Prints one JSON object: the collections listed, the conformance classes, the collection's
queryables, and the ids of its items read page by page (PAGE_SIZE at a time) to the end.
"""

import json
import sys

from owslib.ogcapi.features import Features


def main(base, collection, page_size):
    api = Features(f"{base}/ogc")
    ids, offset, pages, matched = [], 0, 0, None
    while True:
        page = api.collection_items(collection, limit=page_size, offset=offset)
        matched = page["numberMatched"]
        ids.extend(feature["id"] for feature in page["features"])
        pages += 1
        if page["numberReturned"] < page_size or not any(
            link["rel"] == "next" for link in page["links"]
        ):
            break
        offset += page_size
    filtered = api.collection_items(
        collection, limit=1000, filter="status = 'available' AND area_m2 >= 5000"
    )
    print(
        json.dumps(
            {
                "collections": [c["id"] for c in api.collections()["collections"]],
                "conformance": api.conformance()["conformsTo"],
                "queryables": sorted(api.collection_queryables(collection)["properties"]),
                "ids": ids,
                "pages": pages,
                "matched": matched,
                "filtered": sorted(f["id"] for f in filtered["features"]),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
