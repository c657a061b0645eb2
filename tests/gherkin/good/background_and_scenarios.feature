Feature: Orders
  Background: A logged-in client
    Given address "$TARGET"
    And header "X-API-Key" "abc"

  Scenario: One order
    Given URL path "/orders/1"
    When the URL is invoked
    Then status is "200"

  Scenario: No order
    Given URL path "/orders/0"
    When the URL is invoked
    Then status is "404"
