Feature: Users

  Scenario: List users
    Given address "@backends.crm.url"
    And URL path "/users"
    When the URL is invoked
    Then path "/users" is an empty list
