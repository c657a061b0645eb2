Feature: Forms, types and dates in the 1.x wording

Scenario: Request params
    Given address "$TARGET"
    Given URL path "/echo"
    Given HTTP method "POST"
    Given format "FORM"
    Given request param "a" is "1"
    Given request param "a" is "2"
    When the URL is invoked
    Then JSON Pointer "/body" is "a=1&a=2"

Scenario: Typed checks of a fixed document
    Given address "$TARGET"
    Given URL path "/json"
    When the URL is invoked
    Then JSON Pointer "/float" is a float "1.5"
    And JSON Pointer "/integer" is any integer
    And JSON Pointer "/float" is any float
    And JSON Pointer "/true" is any bool
    And JSON Pointer "/true" is True
    And JSON Pointer "/false" is False
    And JSON Pointer "/null" is null
    And JSON Pointer "/empty_list" is an empty list
    And JSON Pointer "/empty_dict" is an empty dict
    And JSON Pointer "/list" isn't an empty list
    And JSON Pointer "/empty_string" is empty
    And JSON Pointer "/objects" contains "{"a": 2}"
    And JSON Pointer "/string" starts with "How"
    And JSON Pointer "/string" ends with "?"
    And JSON Pointer "/numbers" is "[1, 2, 3]" (with literal_eval)
    And JSON Pointer "/places/0/place name" is "Brooklyn"

Scenario: Dates in named formats
    Given address "$TARGET"
    Given URL path "/echo"
    Given HTTP method "POST"
    Given date format "day" "YYYY-MM-DD"
    Given request is "{}"
    Given JSON Pointer "/now" in request is now "default"
    Given JSON Pointer "/utc" in request is UTC now "day"
    Given JSON Pointer "/between" in request is a random date between "2015-01-01" and "2015-01-01" "day"
    When the URL is invoked
    Then JSON Pointer "/body/between" is "2015-01-01"
    And JSON Pointer "/body/now" is any string
