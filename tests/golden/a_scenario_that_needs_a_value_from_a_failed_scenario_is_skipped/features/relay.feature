Feature: Orders relay their id

  Background:
    Given address "$TARGET"

  Scenario: Create an order
    Given URL path "/json"
    When the URL is invoked
    Then status is "201"
    And I store "/integer" from response under "oid"

  Scenario: Read the order
    Given URL path "/echo"
    And query string "?order=#{oid}"
    When the URL is invoked
    Then status is "200"

  Scenario: Unrelated to the order
    Given URL path "/json"
    When the URL is invoked
    Then status is "200"
