Feature: Numbers are compared exactly

  Background:
    Given address "$TARGET"
    And URL path "/numbers"

  Scenario: An integer one past 2^53 is not 2^53
    When the URL is invoked
    Then path "/id" is JSON "9007199254740992"

  Scenario: The same through the whole response
    When the URL is invoked
    Then JSON response is equal to "{"id": 9007199254740992, "big": 18446744073709551617, "price": 0.1000000000000000055511151231257827, "ids": [9007199254740993, 2], "one": 1, "one_float": 1.0, "numbers": [1, 2, 3]}"

  Scenario: The same through a response file
    When the URL is invoked
    Then path "" is JSON equal to that from "near.json"

  Scenario: The same through contains
    When the URL is invoked
    Then path "/ids" contains "9007199254740992"

  Scenario: The same through is one of
    When the URL is invoked
    Then path "/id" is one of "9007199254740992,9007199254740994"

  Scenario: The same through is an integer
    When the URL is invoked
    Then path "/id" is an integer "9007199254740992"

  Scenario: An integer above 2^64 is compared as an integer
    When the URL is invoked
    Then path "/big" is an integer "18446744073709551616"

  Scenario: A decimal is compared by its exact value, not as a float
    When the URL is invoked
    Then path "/price" is a float "0.1"

  Scenario: A stored variable keeps the exact number
    When the URL is invoked
    Then I store "/id" from response under "id"
    And variable "#id" is an integer "9007199254740992"

  Scenario: One and one point zero are the same number, but not the same integer
    When the URL is invoked
    Then path "/one" is JSON "1.0"
    And path "/one_float" is a float "1"
    And path "/id" is JSON "9007199254740993"
    And path "/big" is an integer "18446744073709551617"
    And path "/price" is a float "0.10000000000000000555111512312578270"
    And path "/one_float" is an integer "1"

  Scenario: A list of numbers is not a list of strings
    When the URL is invoked
    Then path "/numbers" is a list "1,2,3"

  Scenario: One of compares strings, like is
    When the URL is invoked
    Then path "/one" is one of "1,2"

  Scenario: Is not fails when the number reads as the text
    When the URL is invoked
    Then path "/one" is not "1"
