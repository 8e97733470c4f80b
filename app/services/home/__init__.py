"""The home page's figures (Qt-free): what needs doing and the branch at a glance, read in one session."""
