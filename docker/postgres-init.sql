CREATE DATABASE switchboard_test;
