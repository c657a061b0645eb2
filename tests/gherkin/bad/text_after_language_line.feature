# language: en
hello
Feature: F
