Feature: JSON response checks
  Every check addresses a value by JSON Pointer; the old `JSON Pointer` wording works too.

  Background:
    Given address "$TARGET"
    And URL path "/json"
    When the URL is invoked

  Scenario: Values and types
    Then path "/string" is "How do you do?"
    And path "/string" is not "Goodbye"
    And path "/integer" is an integer "7"
    And path "/float" is a float "1.5"
    And path "/string" is any string
    And path "/integer" is any integer
    And path "/float" is any float
    And path "/true" is any bool
    And path "/null" is null
    And path "/true" is True
    And path "/false" is False
    And JSON Pointer "/number_string" is "1.5"

  Scenario: Empty and non-empty values
    Then path "/empty_string" is empty
    And path "/string" is not empty
    And path "/empty_list" is an empty list
    And path "/list" is not an empty list
    And path "/empty_dict" is an empty dict

  Scenario: Lists, membership and strings
    Then path "/list" is a list "Ack,Done"
    And path "/status" is one of "new,open,closed"
    And path "/status" is not one of "deleted,banned"
    And path "/string" starts with "How"
    And path "/string" ends with "?"
    And path "/list" contains "Done"
    And path "/objects" contains "{"a": 2}"
    And path "/string" contains "do you"
    And path "/string" starts with any of "Hi,How,Hello"
    And path "/string" is not a string "Goodbye"
    And path "/integer" is not a string "7"

  Scenario: String forms
    Then path "/uuid" is a uuid
    And path "/status" is a BASE32 Crockford, checksum "false"
    Given URL path "/echo"
    And REST method "POST"
    And path "/code" in request is "16J-D"
    When the URL is invoked
    Then path "/body/code" is a BASE32 Crockford, checksum "true"

  Scenario: Presence
    Then path "/null" exists
    And path "/nested/deep" exists
    And path "/nested/missing" does not exist

  Scenario: Documents
    Then path "/nested" is JSON "{"deep": {"value": "x"}}"
    And path "/objects" contains data from "item.json"
    And JSON response exists
    And path "/numbers" is "[1, 2, 3]" (with literal_eval)
    And path "/places/0/place name" is "Brooklyn"

  Scenario: The whole document
    Given URL path "/demo/rest"
    And REST method "POST"
    When the URL is invoked
    Then JSON response is equal to "{"action": {"code": 0, "msg": "How do you do?", "flow": ["Ack", "Done"]}}"
    And path "/action" is JSON equal to that from "action.json"

  Scenario: An empty response has no JSON
    Given URL path "/headers"
    When the URL is invoked
    Then JSON response does not exist
