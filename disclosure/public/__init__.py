"""What the rules hand on: published records, their states, addresses and order.

Every stage after the rules (site, open data, syndication, search, deploy) reads records only
through these types, which hold public values alone; they never import the reading stage.
"""
