"""phoihop — coordination of internal political protection work."""
