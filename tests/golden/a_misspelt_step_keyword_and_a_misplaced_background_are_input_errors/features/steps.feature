Feature: Steps

  Scenario: A typo
    Given address "$TARGET"
    Wehn the URL is invoked
    Then status is "200"

  Background:
    Given address "$TARGET"
