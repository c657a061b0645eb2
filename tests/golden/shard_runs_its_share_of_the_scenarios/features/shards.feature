Feature: Sharding

  Scenario Outline: Scenario <n>
    Given address "$TARGET"
    And URL path "/json"
    When the URL is invoked
    Then status is "200"

    Examples:
      | n |
      | 1 |
      | 2 |
      | 3 |
      | 4 |
      | 5 |
      | 6 |
