Feature: Typed checks of a JSON document

  Background:
    Given address "$TARGET"
    And URL path "/json"

  Scenario: Every JSON type has its check
    When the URL is invoked
    Then status is "200"
    And header "Content-Type" contains "json"
    And path "/string" is any string
    And path "/integer" is an integer "7"
    And path "/integer" is any integer
    And path "/float" is a float "1.5"
    And path "/float" is any float
    And path "/number_string" is "1.5"
    And path "/null" is null
    And path "/true" is True
    And path "/false" is False
    And path "/true" is any bool
    And path "/empty_string" is empty
    And path "/empty_list" is an empty list
    And path "/empty_dict" is an empty dict
    And path "/list" is not an empty list
    And path "/numbers" is JSON "[1, 2, 3]"
    And path "/numbers" is "[1, 2, 3]" (with literal_eval)
    And path "/objects" contains "{"a": 2}"
    And path "/objects/1/a" is an integer "2"
    And path "/places/0/place name" is "Brooklyn"
    And path "/status" is one of "new,open,closed"
    And path "/string" starts with "How"
    And path "/string" ends with "?"
    And path "/nested" is JSON "{"deep": {"value": "x"}}"

  Rule: Stored values relay to later scenarios of the feature

    Background:
      Given header "X-Rule" "on"

    Scenario: Store a value
      When the URL is invoked
      Then I store "/integer" from response under "count"
      And I store "/missing" from response under "fallback", default "none"

    Scenario: Use the stored value, keeping its type
      Given I store "#count" under "copy"
      When the URL is invoked
      Then path "/integer" is "#copy"
      And path "/string" is not "#fallback"

  Scenario Outline: Each row is its own test case
    Given URL path "<path>"
    When the URL is invoked
    Then status is "<status>"

    Examples:
      | path       | status |
      | /json      | 200    |
      | /text      | 404    |
