Feature: Typos in steps

  Scenario: A misspelt step
    Given adress "$TARGET"
    When the URL is invoked

  Scenario: A step worded differently
    Given address "$TARGET"
    And URL path "/json"
    When the URL is invoked
    Then the status is "200"

  Scenario: This one still runs
    Given address "$TARGET"
    And URL path "/json"
    When the URL is invoked
    Then status is "200"
