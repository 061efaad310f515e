"""The event coder: spaCy plus reviewed dictionaries turn article text into event mentions
with actors, PLOVER type, date, place, character spans and confidence."""
