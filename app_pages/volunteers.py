import streamlit as st

st.title("volunteers")
