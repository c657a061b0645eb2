Feature: A broken file

  Scenario: Fine so far
    Given address "$TARGET"

  Scenaro: A typo in a keyword
    Given address "$TARGET"
