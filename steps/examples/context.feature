Feature: Variables and context
  Stored values are visible to later scenarios of the same feature, which then
  run in order.

  Scenario: Store values from a response
    Given address "$TARGET"
    And URL path "/json"
    When the URL is invoked
    Then I store "/integer" from response under "count"
    And I store "/missing" from response under "next", default "none"
    And I store "Maria Garcia" under "cust_name"
    And I store header "Content-Type" from response under "type"

  Scenario: Use them in a later scenario
    Given address "$TARGET"
    And URL path "/echo"
    And REST method "POST"
    And request is "{}"
    And path "/count" in request is "#count"
    And path "/name" in request is "#cust_name"
    And header "X-Next" "#{next}"
    And header "Content-Type" "#type"
    When the URL is invoked
    Then path "/body/count" is an integer "7"
    And path "/body/name" is "Maria Garcia"
    And path "/headers/x-next" is "none"
    And path "/headers/content-type" is "application/json"
    And I sleep for "0.01"

  Scenario: Clean up the context
    Given address "$TARGET"
    And I store "temporary" under "scratch"
    When context is cleaned up
    Then I store "after clean-up" under "fresh"

  Scenario: Steps that make a scenario read well
    Given address "$TARGET"
    And URL path "/json"
    When this scenario is invoked
    And this step is invoked
    And the URL is invoked
    Then I proceed further
    And context is logged
