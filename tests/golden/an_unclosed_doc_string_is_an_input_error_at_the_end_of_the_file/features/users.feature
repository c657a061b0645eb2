Feature: Creating users

  Scenario: A JSON body
    Given address "$TARGET"
    Given URL path "/users"
    Given request body is
      """json
      {"name": "Alice"}
    When the URL is invoked
    Then status is "201"
