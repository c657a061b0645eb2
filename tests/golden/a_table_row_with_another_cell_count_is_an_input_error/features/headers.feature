Feature: Headers

  Scenario: Several headers
    Given address "$TARGET"
    Given headers
      | name      | value |
      | X-Api-Key | abc   |
      | X-Trace   |
    When the URL is invoked
