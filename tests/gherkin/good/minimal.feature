Feature: Users API

  Scenario: Listing users
    Given address "$TARGET"
    When the URL is invoked
    Then status is "200"
